extension Int {
    /// Prime factors with multiplicity, ascending; none for 1. Loop bounds are split into
    /// these by the mapspace, and PE groups are carved out of spatial factors with them.
    public var primeFactors: [Int] {
        var n = self
        var result: [Int] = []
        var p = 2
        while p * p <= n {
            while n % p == 0 { result.append(p); n /= p }
            p += 1
        }
        if n > 1 { result.append(n) }
        return result
    }
}
