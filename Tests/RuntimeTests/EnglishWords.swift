import CtrCommands
import CtrRuntime

/// What ctrsh says in English for `error`: the words its Commands module
/// gives the runtime's kind, which these tests compare with what users saw.
func englishWords(_ error: any Error) -> String {
    Diagnostics.message(for: error, in: .english)
}
