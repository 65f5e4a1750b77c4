extension NetworkZoo {
    /// ViT-*/16 as DeiT / timm `vision_transformer.py` builds it: a 16×16 patch embedding
    /// conv to `dimension`, a class token (tokens = patches + 1), 12 pre-norm blocks with an
    /// MLP of 4 × `dimension`, and a 1000-way head on the class token. Attention's QKᵀ and AV
    /// are matmuls of two activations; LayerNorm, softmax and GELU are vector work that the
    /// layer model has no op for, and the position embedding and class token are additions
    /// of constants (so their 0.4–0.8 % of the parameters, with the LayerNorms, are not
    /// counted either).
    private static func vit(name: String, summary: String, dimension: Int, heads: Int) -> ZooFamily {
        ZooFamily(name: name, summary: summary, defaultResolution: 224, supportsWidth: false) { b, _ throws(ZooShapeError) in
            let (depth, mlp, patch) = (12, 4 * dimension, 16)
            let headDimension = dimension / heads

            try b.conv("patch_embed", out: dimension, kernel: patch, stride: patch, padding: .valid, normalization: .bias)
            b.flattenToTokens(extraTokens: 1)
            var stream = b.current
            let tokens = stream.tokens
            for index in 0..<depth {
                let prefix = "blocks.\(index)"
                b.fullyConnected("\(prefix).attn.qkv", out: 3 * dimension)
                let qkv = b.current
                b.activationMatmul("\(prefix).attn.qk", heads: heads, rows: tokens, columns: tokens,
                                   reduction: headDimension, reading: [qkv])
                let scores = b.current
                b.activationMatmul("\(prefix).attn.av", heads: heads, rows: tokens, columns: headDimension,
                                   reduction: tokens, reading: [scores, qkv])
                b.fullyConnected("\(prefix).attn.proj", out: dimension)
                b.add("\(prefix).add1", stream)
                stream = b.current
                b.fullyConnected("\(prefix).mlp.fc1", out: mlp)
                b.fullyConnected("\(prefix).mlp.fc2", out: dimension)
                b.add("\(prefix).add2", stream)
                stream = b.current
            }
            b.keepTokens(1)
            b.fullyConnected("head", out: 1000)
        }
    }

    /// ViT-Ti/16: 192 wide, 3 heads (DeiT Table 1).
    static let vitTiny = vit(
        name: "vit_tiny",
        summary: "ViT-Ti/16 (Dosovitskiy et al. 2021, arXiv:2010.11929; DeiT-Tiny, Touvron et al. 2021); timm vit_tiny_patch16_224, 1000 classes",
        dimension: 192, heads: 3)

    /// ViT-S/16: 384 wide, 6 heads (DeiT Table 1).
    static let vitSmall = vit(
        name: "vit_small",
        summary: "ViT-S/16 (Dosovitskiy et al. 2021, arXiv:2010.11929; DeiT-Small, Touvron et al. 2021, arXiv:2012.12877); timm vit_small_patch16_224, 1000 classes",
        dimension: 384, heads: 6)
}
