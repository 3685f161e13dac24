public import Foundation

/// An error that ends a command because its input cannot be used: the message names the
/// input (a file, a layer, an engine endpoint) and the problem, and the command exits with
/// status 2. Every stage's input errors conform, so the command line maps them in one place.
public protocol UnusableInput: LocalizedError {}

extension InputError: UnusableInput {}
