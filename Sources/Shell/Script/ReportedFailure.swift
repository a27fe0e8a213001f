import CtrCommands

/// A failure whose message was already printed where it happened (inside
/// a `source`d script): the caller only needs to know that it failed.
struct ReportedFailure: Error, Diagnosable {
    var phrase: Phrase { "the sourced script failed" }
}
