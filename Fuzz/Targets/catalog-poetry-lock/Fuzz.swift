import PlimsollFuzzTargets

/// libFuzzer's entry point: one input for the `catalog-poetry-lock` target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer?, _ size: Int) -> Int32 {
  FuzzTargets.run("catalog-poetry-lock", data, size)
}
