using System.CommandLine;

namespace Gate.Cli.Commands.Profile;

/// <summary><c>gate profile</c>: learn an agent's access patterns from an API server audit log.</summary>
public static class ProfileCommand
{
    public static Command Create(CliContext context)
    {
        // Not built yet (its own issue): hidden from --help until it is, so the help lists only what works.
        var command = new Command("profile", "Learn an agent's access patterns from an API server audit log.") { Hidden = true };
        command.Options.Add(new Option<string>("--audit-log") { Description = "Audit log file (JSON lines).", Required = true });
        command.Options.Add(new Option<string>("--user") { Description = "User of the agent, e.g. system:serviceaccount:NS:NAME.", Required = true });
        command.Options.Add(SharedOptions.Output());
        command.SetAction((_, _) => NotAvailable.Fail("gate profile"));
        return command;
    }
}
