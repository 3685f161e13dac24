#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the output terminal supports: whether to colour and how wide to draw tables.
///
/// The table writers take `color` and `width` as plain options so they stay testable; the
/// command line asks this type once and passes the answers on.
public enum Terminal {
  /// Whether output to `fileDescriptor` should be coloured: only a terminal, and never when
  /// `NO_COLOR` is set (no-color.org) or `TERM` is `dumb`; `CLICOLOR_FORCE`/`FORCE_COLOR`
  /// (not `0`) force it on.
  public static func wantsColor(fileDescriptor: Int32 = 1,
                                environment: [String: String]) -> Bool {
    if let value = environment["NO_COLOR"], !value.isEmpty { return false }
    for key in ["CLICOLOR_FORCE", "FORCE_COLOR"] {
      if let value = environment[key], !value.isEmpty, value != "0" { return true }
    }
    if environment["TERM"] == "dumb" { return false }
    return isatty(fileDescriptor) == 1
  }

  /// Columns of the terminal on `fileDescriptor`, else `COLUMNS` from the environment, else
  /// `fallback` (100: what reports are designed for when piped).
  public static func width(fileDescriptor: Int32 = 1, environment: [String: String],
                           fallback: Int = 100) -> Int {
    #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
      if isatty(fileDescriptor) == 1 {
        var size = winsize()
        if ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
          return Int(size.ws_col)
        }
      }
    #endif
    if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { return columns }
    return fallback
  }
}
