/// The commands every ctrsh session has. A host program starts from these
/// and registers its own beside them.
public enum BuiltinCommands {
    /// Every built-in command family, in the order `help` lists them.
    public static var families: [CommandFamily] {
        [
        NamespaceCommands.family,
        ProcessSettingsCommands.hostname,
        CgroupCommands.family,
        RootfsCommands.family,
        MountCommands.family,
        NetworkCommands.family,
        UserCommands.family,
        PrivilegeCommands.cap,
        PrivilegeCommands.nnp,
        SeccompCommands.family,
        DeviceCommands.family,
        ProcessSettingsCommands.env,
        ProcessSettingsCommands.workdir,
        ExecCommands.exec,
        ExecCommands.run,
        LifecycleCommands.start,
        LifecycleCommands.stop,
        LifecycleCommands.kill,
        LifecycleCommands.pause,
        LifecycleCommands.resume,
        LifecycleCommands.wait,
        LifecycleCommands.ps,
        LifecycleCommands.logs,
        ContainerCommands.family,
        ShowCommand.family,
        BundleCommands.export,
        BundleCommands.importCommand,
        SessionCommands.letCommand,
        SessionCommands.echo,
        SessionCommands.host,
        SessionCommands.sleep,
        SessionCommands.gc,
        ExpectCommand.family,
        ExplainCommand.family,
        HelpCommand.family,
        LanguageCommand.family,
        SessionCommands.quit,
        ]
    }

    /// A fresh registry holding the built-in commands.
    public static func registry() -> CommandRegistry {
        CommandRegistry(families)
    }
}
