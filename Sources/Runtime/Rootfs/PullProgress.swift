/// What pulling an image with skopeo reports while it runs.
public enum PullProgress: Equatable, Sendable {
    /// One of skopeo's progress lines, as it wrote it.
    case skopeo(String)
    /// Nothing to copy: the image's manifest is still `digest`, pulled before.
    case unchanged(digest: String)
}
