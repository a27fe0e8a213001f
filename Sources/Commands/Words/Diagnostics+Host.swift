import CtrRuntime

/// The words for ID map, state and host problems, and for the system calls
/// an error names.
extension IDMapProblem {
    public var phrase: Phrase {
        switch self {
        case .tooManyRanges(let count, let kind, let maximum):
            "user map: \(count) \(kind.rawValue) ranges; the kernel takes at most \(maximum) (`user show`; `user root` starts over)"
        case .emptyRange: "user map: COUNT must be at least 1"
        case .pastLastID(let range, let kind, .inside, let last):
            "user map: \(kind.plural) \(IDMapping.span(range)) inside run past the last ID, \(last)"
        case .pastLastID(let range, let kind, .host, let last):
            "user map: \(kind.plural) \(IDMapping.span(range)) on the host run past the last ID, \(last)"
        case .overlap(let range, let kind, .inside, let earlier):
            """
            user map: \(kind.plural) \(IDMapping.span(range)) inside overlap the earlier range \(earlier.arrow); \
            each ID may be mapped once (`user show`; `user root` starts over)
            """
        case .overlap(let range, let kind, .host, let earlier):
            """
            user map: \(kind.plural) \(IDMapping.span(range)) on the host overlap the earlier range \(earlier.arrow); \
            each ID may be mapped once (`user show`; `user root` starts over)
            """
        case .notYours(let range, let kind, let user, let owned, let callerID):
            """
            user map: host \(kind.plural) \(IDMapping.span(range)) are not yours to map: \(kind.subordinateFile) gives \
            `\(user)` \(owned.isEmpty ? "none" : Phrase(verbatim: owned.map(IDMapping.span).joined(separator: ", "))), \
            and your own \(kind.rawValue) is \(callerID); map inside those, or ask root for these \
            (`\("usermod --add-sub\(kind.plural) \(range.lowerBound)-\(range.upperBound) \(user)")`)
            """
        case .helperMissing(let kind):
            """
            user map: without root, a \(kind.rawValue) map of more than your own \(kind.rawValue) is written by \
            `\(kind.helper)`, which is not installed (Debian package `uidmap`: `apt-get install uidmap`)
            """
        }
    }
}

extension StateProblem {
    public var phrase: Phrase {
        switch self {
        case .sessionInAnotherPidNamespace(let lock):
            """
            state: `\(lock)` belongs to a live ctrsh session with the same PID in another pid namespace; \
            run this ctrsh with another state directory (XDG_RUNTIME_DIR, as a user) or from another PID
            """
        case .notPrivate(let root, let flaw, let variable):
            """
            state: `\(root)` \(flaw.phrase); ctrsh keeps its state only in a directory of the user's own (mode 0700): \
            remove it, or set \(variable) to a directory of yours
            """
        }
    }
}

extension StateDirectoryFlaw {
    var phrase: Phrase {
        switch self {
        case .notADirectory: "is not a directory"
        case .ownedBy(let uid, let user): "belongs to uid \(uid), not to uid \(user)"
        case .openToOthers(let mode): "is open to other users (mode \(String(mode, radix: 8)))"
        }
    }
}

extension HostProblem {
    public var phrase: Phrase {
        switch self {
        case .movedDuringWalk(let path): "`\(path)` was moved while ctrsh walked the tree below it: stopped there"
        case .replacedWhileExamined(let path, .copy):
            """
            copy `\(path)`: it was replaced while ctrsh copied it (no longer the regular file it examined): \
            stopped; stop the container, or copy again
            """
        case .replacedWhileExamined(let path, .export):
            """
            export `\(path)`: it was replaced while ctrsh read it (no longer the regular file it examined): \
            stopped; stop the container, or export again
            """
        case .notAName(let name, let path): "`\(path)`: `\(name)` is not a name in its directory: left alone"
        case .otherFilesystem(let path): "`\(path)` is on another filesystem (a mount point?): left alone"
        case .programFailed(let argv, let status): "`\(argv.joined(separator: " "))` \(Phrase(verbatim: status.description))"
        }
    }
}

extension SystemCall {
    /// `open `/etc/passwd``, `write `max` to `/sys/…/memory.max``.
    var phrase: Phrase {
        guard let object else { return Phrase(verbatim: name) }
        if let written { return "\(name) `\(written)` to `\(object)`" }
        return forWriting ? "\(name) `\(object)` for writing" : "\(name) `\(object)`"
    }
}

extension GarbageItem {
    /// What `gc` removed: "cgroup /sys/fs/cgroup/…", "veth ctrsh-12".
    var phrase: Phrase {
        switch self {
        case .process(let pid, let container): "process \(pid) (\(container))"
        case .veth(let name): "veth \(name)"
        case .group(let path): "cgroup \(path)"
        case .state(let path): "state \(path)"
        case .layers(let path): "layers \(path)"
        }
    }
}

extension UserNamespaceSetting {
    /// The setting in the way and the command that changes it.
    public var phrase: Phrase {
        switch self {
        case .unprivilegedCloneOff:
            "kernel.unprivileged_userns_clone is 0, which keeps ordinary users from creating user namespaces: as root, `\("sysctl -w kernel.unprivileged_userns_clone=1")`"
        case .noUserNamespacesAllowed:
            "user.max_user_namespaces is 0, which turns user namespaces off: as root, `\("sysctl -w user.max_user_namespaces=15000")`"
        case .appArmorRestricts:
            """
            kernel.apparmor_restrict_unprivileged_userns is 1, so AppArmor denies ordinary users' programs the use of user namespaces: \
            as root, `\("sysctl -w kernel.apparmor_restrict_unprivileged_userns=0")`, or give ctrsh an AppArmor profile that allows `userns,`
            """
        }
    }
}
