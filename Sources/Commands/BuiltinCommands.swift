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
        ProcessSettingsCommands.env,
        ProcessSettingsCommands.workdir,
        ExecCommands.exec,
        ExecCommands.run,
        ShowCommand.family,
        SessionCommands.letCommand,
        SessionCommands.echo,
        SessionCommands.host,
        SessionCommands.sleep,
        ExpectCommand.family,
        HelpCommand.family,
        SessionCommands.quit,
        ]
    }

    /// A fresh registry holding the built-in commands.
    public static func registry() -> CommandRegistry {
        CommandRegistry(families)
    }
}
