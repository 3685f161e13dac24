/// What one path holds in a filesystem (the image's merged layers or a container's export):
/// enough to tell a content change from a permission change without keeping the content.
public struct DriftFileState: Sendable, Hashable {
  /// The kind of filesystem entry.
  public enum EntryType: String, Sendable, Hashable {
    case file
    case directory
    case symlink
    case characterDevice = "character device"
    case blockDevice = "block device"
    case fifo
    case other
  }

  /// What the first bytes of a regular file say it is.
  public enum ContentKind: String, Sendable, Hashable {
    /// An ELF object (`\x7FELF`): a program or a shared library.
    case elf = "ELF"
    /// A script with an interpreter line (`#!`).
    case script
    /// Anything else, or not a regular file.
    case data
  }

  /// File, directory, link or special file.
  public var type: EntryType
  /// Permission bits including setuid (04000), setgid (02000) and sticky (01000).
  public var mode: UInt32
  /// Content size of a regular file (0 for anything else).
  public var size: Int64
  /// `sha256:<hex>` of a regular file's content; nil for anything else.
  public var sha256: String?
  /// A symbolic link's target; nil for anything else.
  public var linkTarget: String?
  /// What a regular file's first bytes say it is (`data` for anything but a regular file).
  public var contentKind: ContentKind
  /// Owner and group ids, where the archive records them.
  public var uid: Int64?
  public var gid: Int64?

  /// Describes one path; `sha256` and `contentKind` only mean something for a regular file.
  public init(type: EntryType, mode: UInt32, size: Int64 = 0, sha256: String? = nil,
              linkTarget: String? = nil, contentKind: ContentKind = .data,
              uid: Int64? = nil, gid: Int64? = nil) {
    self.type = type
    self.mode = mode
    self.size = size
    self.sha256 = sha256
    self.linkTarget = linkTarget
    self.contentKind = contentKind
    self.uid = uid
    self.gid = gid
  }

  /// `uid:gid`, or nil when either is unknown.
  public var owner: String? {
    guard let uid, let gid else { return nil }
    return "\(uid):\(gid)"
  }

  /// Whether both sides record an owner and the owners differ.
  public func ownerDiffers(from other: DriftFileState) -> Bool {
    guard let owner, let otherOwner = other.owner else { return false }
    return owner != otherOwner
  }

  /// A regular file a process can run: an execute bit, ELF magic or an interpreter line.
  public var isExecutable: Bool {
    type == .file && (mode & 0o111 != 0 || contentKind != .data)
  }

  /// Whether `other` holds the same bytes (or link target, or kind of special file).
  public func sameContent(as other: DriftFileState) -> Bool {
    guard type == other.type else { return false }
    switch type {
    case .file: return sha256 == other.sha256 && size == other.size
    case .symlink: return linkTarget == other.linkTarget
    default: return true
    }
  }

  /// A regular file with the setuid or setgid bit (on a directory, setgid only sets the group
  /// of new files, which grants nothing).
  var isSetID: Bool { type == .file && mode & 0o6000 != 0 }

  /// Writable by everyone, without the sticky bit that makes a shared directory safe.
  var isWorldWritable: Bool {
    switch type {
    case .file: return mode & 0o002 != 0
    case .directory: return mode & 0o002 != 0 && mode & 0o1000 == 0
    default: return false
    }
  }

  /// `regular file, mode 0755, 151344 bytes, ELF, sha256:…` for evidence.
  var summary: String {
    var parts = [type == .file ? "regular file" : type.rawValue, "mode " + Self.octal(mode)]
    if let owner { parts.append("owner " + owner) }
    switch type {
    case .file:
      parts.append("\(size) bytes")
      if contentKind != .data { parts.append(contentKind.rawValue) }
      if let sha256 { parts.append(sha256) }
    case .symlink:
      parts.append("-> \(linkTarget ?? "")")
    default:
      break
    }
    return parts.joined(separator: ", ")
  }

  /// `0755`, `4755`: four octal digits.
  static func octal(_ mode: UInt32) -> String {
    let digits = String(mode & 0o7777, radix: 8)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }
}
