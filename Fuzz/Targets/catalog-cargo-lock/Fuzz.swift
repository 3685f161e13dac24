import PlimsollFuzzTargets

/// libFuzzer's entry point: one input for the `catalog-cargo-lock` target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer?, _ size: Int) -> Int32 {
  FuzzTargets.run("catalog-cargo-lock", data, size)
}
