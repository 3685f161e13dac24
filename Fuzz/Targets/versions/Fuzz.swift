import PlimsollFuzzTargets

/// libFuzzer's entry point: one input for the `versions` target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer?, _ size: Int) -> Int32 {
  FuzzTargets.run("versions", data, size)
}
