import PlimsollFuzzTargets

/// libFuzzer's entry point: one input for the `catalog-dpkg` target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer?, _ size: Int) -> Int32 {
  FuzzTargets.run("catalog-dpkg", data, size)
}
