/// Candidate tile sizes for splitting a loop of extent `n`: exact divisors, plus the
/// near-divisors `ceil(n / c)` whose padding wastes at most `maxWaste` of the work
/// (imperfect factorisation, which is what makes primes like 13 or 1000 mappable).
enum FactorOptions {
    static let maxWaste = 0.10

    /// Options for a loop of extent `n` no larger than `limit`, descending, always
    /// containing 1. `limitFill` adds `min(n, limit)` even when it pads more, for spatial
    /// axes where idle PEs are better than an extra fold of the whole layer.
    static func options(for n: Int, limit: Int, limitFill: Bool = false) -> [Int] {
        var set = Set<Int>()
        var i = 1
        while i * i <= n {
            if n % i == 0 {
                if i <= limit { set.insert(i) }
                if n / i <= limit { set.insert(n / i) }
            }
            i += 1
        }
        for chunks in 1...64 {
            let f = (n + chunks - 1) / chunks
            guard f <= limit, f >= 1 else { continue }
            let padded = ((n + f - 1) / f) * f
            if Double(padded - n) <= maxWaste * Double(n) { set.insert(f) }
        }
        if limitFill { set.insert(min(n, limit)) }
        set.insert(1)
        return set.sorted(by: >)
    }
}
