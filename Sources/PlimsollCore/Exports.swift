// PlimsollCore re-exports every stage so that a client imports one module.
@_exported import PlimsollAdvisories
@_exported import PlimsollCatalog
@_exported import PlimsollDiagnostics
@_exported import PlimsollEngine
@_exported import PlimsollFindings
@_exported import PlimsollHost
@_exported import PlimsollIO
@_exported import PlimsollLayers
@_exported import PlimsollMatch
@_exported import PlimsollPolicy
@_exported import PlimsollRegistry
@_exported import PlimsollReport
@_exported import PlimsollRules
@_exported import PlimsollRuntime
@_exported import PlimsollSecrets
@_exported import PlimsollSource
@_exported import PlimsollVersions
