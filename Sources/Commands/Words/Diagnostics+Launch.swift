import CtrRuntime
import Glibc

/// The words for `LaunchProblem`: why a launch failed around the clone,
/// and what to do.
extension LaunchProblem {
    var phrase: Phrase {
        switch self {
        case .cloneRefused(let flags, let errno):
            let call = "clone3(\(flags.isEmpty ? "0" : flags.joined(separator: "|")))"
            let reason = ErrnoWords.phrase(errno)
            return switch errno {
            case EPERM: "\(call): \(reason) (new namespaces need root, or `ns new user` first)"
            case ENOSPC, EUSERS: "\(call): \(reason) (too many namespaces: see /proc/sys/user/max_*_namespaces)"
            case ENOSYS: "\(call): \(reason) (this kernel is older than Linux 5.7)"
            default: "\(call): \(reason)"
            }
        case .userNamespacesRestricted(let call, let errno, let setting):
            return "\(call): \(ErrnoWords.phrase(errno)) (\(setting.phrase))"
        case .idMapHelperFailed(let helper, let pid, let ranges, let status, let subordinateFile):
            let command = ([helper, String(pid)] + ranges).joined(separator: " ")
            return "user map: `\(command)` \(status) (it accepts only the ranges \(subordinateFile) gives you)"
        case .bindSourceIsSymlink(let path, let target):
            return "`\(path)` is a symbolic link (to `\(target)`); ctrsh binds no symlink, which a container could have planted in a directory it writes: name the path it points to"
        case .bindSourcePassesSymlink(let path, let target):
            return "`\(path)` is a symbolic link (to `\(target)`), which a bind's source may not go through at launch (a container could have planted it since `mount bind`); bind the path it points to"
        case .bindSource(let source, let destination, let cause):
            switch cause {
            case .kernel(_, let errno):
                return "mount bind: `\(source)` (for `\(destination)`): \(ErrnoWords.phrase(errno))"
            default: return "mount bind: `\(source)` (for `\(destination)`): \(cause.phrase)"
            }
        case .mountPointMissing(let destination, let root, let tmpfs):
            let how = tmpfs ? "tmpfs" : "bind"
            return "mount \(how): `\(destination)` does not exist in the read-only root `\(root)`, and ctrsh leaves that host directory as it is: make the mount point there first (`host mkdir -p \(root)\(destination)`), or keep the root unchanged with `rootfs use \(root) --overlay --readonly` (mount points are then made in the container's own layer)"
        case .terminalNotMaster:
            return "terminal: what the container's `/dev/ptmx` gave is not a pseudo-terminal master: refused (restore it inside with `ln -sf pts/ptmx /dev/ptmx`, or `exec -d`)"
        case .initProgramMissing(let path, let errno):
            return "start: open `\(path)` (ctrsh-init is built beside ctrsh: `swift build --product ctrsh-init`): \(ErrnoWords.phrase(errno))"
        }
    }
}
