/// Series colours from Okabe & Ito (2008), "Color Universal Design (CUD): How to make figures and presentations that
/// are friendly to colorblind people": eight hues that stay distinguishable under the common colour-vision
/// deficiencies, so no chart relies on telling red from green.
public enum Palette {
    /// In the order series take them: blue, orange, green, vermillion, purple, sky, yellow, black.
    public static let colors = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

    /// For marks that are context rather than a series of their own: dominated points, "other" layers.
    public static let neutral = "#999999"

    /// Cycles through `colors` for any index, negative too; series past the eighth repeat hues, so give them
    /// another marker as well.
    public static func color(_ index: Int) -> String {
        colors[(index % colors.count + colors.count) % colors.count]
    }

    /// `color(index)`, or `neutral` for `nil`.
    public static func color(for index: Int?) -> String {
        index.map(color) ?? neutral
    }
}
