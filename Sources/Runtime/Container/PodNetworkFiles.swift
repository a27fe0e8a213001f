import CtrKernel
import Glibc

/// `/etc/hosts` and `/etc/resolv.conf` for a container whose veth is up,
/// as docker writes them: the hosts file names localhost, the container
/// itself and the session's other containers on a veth (its pod), the
/// resolver file the host's nameservers that a container can reach.
///
/// The files are ctrsh's own, in the session's state directory, bound
/// read-only over the root's: nothing is written into the root, which may
/// be a host directory the user gave. A root whose `/etc` or file is a
/// symlink keeps its own (ctrsh does not bind through a link the image
/// chose), and a missing file is added only where the root is an overlay
/// (into the container's own layer), never into a host directory.
enum PodNetworkFiles {
    /// The files, each with its place in the root.
    static let files = ["hosts", "resolv.conf"]

    /// The hosts file of a container called `name` among `pod` (name →
    /// address and hostname, itself included).
    static func hosts(for name: String, pod: [String: PodHost]) -> String {
        var lines = ["127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback"]
        let ordered = pod.sorted { ($0.key == name ? 0 : 1, $0.key) < ($1.key == name ? 0 : 1, $1.key) }
        for (peer, host) in ordered {
            let names = host.hostname == peer ? peer : "\(host.hostname) \(peer)"
            lines.append("\(host.address)\t\(names)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The host's resolver configuration without the nameservers on the
    /// host's loopback (127.0.0.53 of systemd-resolved, which the
    /// container's own loopback does not have); docker's public fallback
    /// when none is left.
    static func resolvConf(host text: String?) -> String {
        var lines: [String] = []
        var servers = 0
        for line in (text ?? "").split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let key = fields.first, ["nameserver", "search", "options", "domain"].contains(key) else { continue }
            if key == "nameserver" {
                guard fields.count > 1, !fields[1].hasPrefix("127."), fields[1] != "::1" else { continue }
                servers += 1
            }
            lines.append(String(line))
        }
        if servers == 0 { lines += ["nameserver 8.8.8.8", "nameserver 8.8.4.4"] }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Whether ctrsh may bind a file over `/etc/FILE` of `root`: `/etc` a
    /// real directory (not a symlink), and the file a regular file, or
    /// missing in an overlay root.
    static func canBind(_ file: String, in root: RootfsSpec) -> Bool {
        guard case .directory(let etc) = (try? BeneathRoot(root.path))?.walk(["etc"]) else { return false }
        defer { close(etc) }
        var info = stat()
        guard fstatat(etc, file, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return errno == ENOENT && root.overlay }
        return info.st_mode & S_IFMT == S_IFREG
    }
}

/// A container of a pod as its hosts file names it.
struct PodHost: Equatable {
    var address: String
    var hostname: String
}

extension ContainerRuntime {
    /// The binds of `/etc/hosts` and `/etc/resolv.conf` a launch of `spec`
    /// as `name` adds (none without a veth or a root of its own), the
    /// files written first; the pod's other hosts files list it from now.
    func podNetworkMounts(for spec: ContainerSpec, name: String) throws(RuntimeError) -> [MountSpec] {
        guard let veth = spec.veth, let root = spec.rootfs else { return [] }
        try prepareStateDirectory()
        podHosts[name] = PodHost(address: "\(veth.container.address)", hostname: spec.hostname ?? name)
        var mounts: [MountSpec] = []
        for file in PodNetworkFiles.files where PodNetworkFiles.canBind(file, in: root) {
            let path = podFilePath(name, file)
            let text = file == "hosts" ? PodNetworkFiles.hosts(for: name, pod: podHosts) : PodNetworkFiles.resolvConf(host: FileText.readIfPresent("/etc/resolv.conf"))
            try FileText.create(path, text: text)
            mounts.append(MountSpec(source: .bind(path), destination: "/etc/" + file, readonly: true))
        }
        rewritePodHosts(except: name)
        return mounts
    }

    /// `name` left the pod: its files go, and the others' no longer list it.
    func forgetPodNetwork(_ name: String) {
        guard podHosts.removeValue(forKey: name) != nil else { return }
        for file in PodNetworkFiles.files { unlink(podFilePath(name, file)) }
        rewritePodHosts(except: name)
    }

    /// Rewrites each pod member's hosts file in place (the bind keeps the inode).
    private func rewritePodHosts(except name: String) {
        for peer in podHosts.keys where peer != name {
            let path = podFilePath(peer, "hosts")
            guard access(path, F_OK) == 0 else { continue }
            try? FileText.create(path, text: PodNetworkFiles.hosts(for: peer, pod: podHosts))
        }
    }

    private func podFilePath(_ name: String, _ file: String) -> String {
        state.sessionDirectory(sessionID) + "/\(name).\(file)"
    }
}
