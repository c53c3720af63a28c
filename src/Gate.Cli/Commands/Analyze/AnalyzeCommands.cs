using System.CommandLine;

namespace Gate.Cli.Commands.Analyze;

/// <summary><c>gate analyze</c> and <c>gate serve</c>: control-plane health verdicts (Argo Rollouts job and web providers).</summary>
public static class AnalyzeCommands
{
    public static Command CreateAnalyze(CliContext context)
    {
        var command = new Command("analyze", "Judge control-plane health now: pass, fail or inconclusive.");
        command.Options.Add(new Option<bool>("--once") { Description = "Analyse one window and exit (the Argo job provider)." });
        command.Options.Add(new Option<bool>("--exit-code") { Description = "Exit 0 pass, 1 fail, 4 inconclusive." });
        AddSources(command);
        command.SetAction((_, _) => NotAvailable.Fail("gate analyze"));
        return command;
    }

    public static Command CreateServe(CliContext context)
    {
        var command = new Command("serve", "Serve health verdicts over HTTP for Argo Rollouts' web metric provider.");
        command.Options.Add(new Option<string>("--listen")
        {
            Description = "Address and port to listen on.",
            DefaultValueFactory = _ => "127.0.0.1:8080",
        });
        command.Options.Add(new Option<string?>("--token-file") { Description = "File holding the bearer token callers must present (or $GATE_SERVE_TOKEN)." });
        AddSources(command);
        command.SetAction((_, _) => NotAvailable.Fail("gate serve"));
        return command;
    }

    private static void AddSources(Command command)
    {
        command.Options.Add(SharedOptions.Prometheus());
        command.Options.Add(SharedOptions.ScrapeApiServer());
        command.Options.Add(SharedOptions.Analysis());
        command.Options.Add(SharedOptions.Namespace());
        command.Options.Add(SharedOptions.Kubeconfig());
        command.Options.Add(SharedOptions.Context());
    }
}
