// The umbrella module: `import NetworkTimetabling` gives an embedding program the model, input,
// checker and engine contract (TimetablingCore), the engines that need no GLPK
// (TimetablingEngines), reports, explanations and diagnosis (TimetablingReports), re-planning
// (TimetablingReplan) and the instance generator (TimetablingGenerator), as swift-nio's `NIO`
// re-exports its modules. FET support (TimetablingFET, which links FoundationXML) and GLPK
// (NetworkTimetablingGLPK, GPL-3.0) are imported on their own.
@_exported import TimetablingCore
@_exported import TimetablingEngines
@_exported import TimetablingReports
@_exported import TimetablingReplan
@_exported import TimetablingGenerator
