import Synchronization
import TimetablingCore

/// Engines known by name. The library registers its own; a program adds more with ``register(_:)``.
public final class EngineRegistry: Sendable {
    public static let shared = EngineRegistry()
    private let engines = Mutex<[String: any Engine]>([:])

    public init() {
        register(GreedyEngine())
        register(HeuristicEngine())
    }

    public func register(_ engine: any Engine) {
        engines.withLock { $0[engine.name] = engine }
    }

    public func engine(named name: String) -> (any Engine)? {
        engines.withLock { $0[name] }
    }

    public var names: [String] { engines.withLock { $0.keys.sorted() } }
}
