using System.CommandLine;

namespace Gate.Cli.Commands.Profile;

/// <summary><c>gate profile</c>: learn an agent's access patterns from API server audit logs (docs/profile.md).</summary>
public static class ProfileCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("profile", "Learn an agent's access patterns from API server audit logs; writes a pattern file for --patterns.");
        command.Options.Add(new Option<string[]>("--audit-log")
        {
            Description = "Audit log (audit.k8s.io/v1 events, one JSON per line; plain or gzip; '-' for standard input). Repeat it, or list several, for one log per API server.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        });
        command.Options.Add(new Option<string>("--user") { Description = "The agent's user, e.g. system:serviceaccount:NS:NAME.", Required = true });
        command.Options.Add(new Option<string[]>("--against")
        {
            Description = "The agent's manifests (files or folders): compare the learned patterns with what the catalogue or annotation predicts.",
            AllowMultipleArgumentsPerToken = true,
        });
        command.Options.Add(SharedOptions.Format("yaml", "json", "table"));
        command.Options.Add(SharedOptions.Output());
        command.SetAction((parse, ct) => new ProfileHandler(context).RunAsync(parse, ct));
        return command;
    }
}
