import TimetablingCore
import TimetablingEngines

/// Registers the engines that need GLPK, so `netsched solve --engine NAME` and the benchmark
/// harness find them by name. Programs that embed the library call it once at start-up.
public enum GLPKEngines {
    public static func register(in registry: EngineRegistry = .shared) {
        registry.register(MIPEngine())
        registry.register(AutoEngine())
        registry.register(HybridEngine())
    }
}
