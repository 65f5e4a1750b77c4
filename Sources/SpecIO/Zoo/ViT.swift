extension NetworkZoo {
    /// ViT-Ti/16 as DeiT-Tiny / timm `vit_tiny_patch16_224`: 16×16 patch embedding conv to
    /// 192, a class token (tokens = patches + 1), 12 pre-norm blocks of 3 heads with an MLP
    /// of 768, and a 1000-way head on the class token. Attention's QKᵀ and AV are matmuls
    /// of two activations; LayerNorm, softmax and GELU are vector work that the layer model
    /// has no op for, and the position embedding and class token are additions of constants.
    static let vitTiny = ZooFamily(
        name: "vit_tiny",
        summary: "ViT-Ti/16 (Dosovitskiy et al. 2021, arXiv:2010.11929; DeiT-Tiny, Touvron et al. 2021); timm vit_tiny_patch16_224, 1000 classes",
        defaultResolution: 224, supportsWidth: false
    ) { b, _ throws(ZooShapeError) in
        let (dimension, depth, heads, mlp, patch) = (192, 12, 3, 768, 16)
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
