import PlimsollFuzzTargets

/// libFuzzer's entry point: one input for the `compose` target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer?, _ size: Int) -> Int32 {
  FuzzTargets.run("compose", data, size)
}
