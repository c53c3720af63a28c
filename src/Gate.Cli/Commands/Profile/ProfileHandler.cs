using System.CommandLine;
using System.Globalization;
using Gate.Cli.Input;
using Gate.Core;
using Gate.Core.Agents;
using Gate.Core.Manifests;
using Gate.Core.Profiling;
using Gate.Core.Reports;

namespace Gate.Cli.Commands.Profile;

/// <summary>Runs <c>gate profile</c>: scan the audit logs, learn the user's patterns, compare them, write the pattern file.</summary>
internal sealed class ProfileHandler(CliContext context)
{
    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var logs = parse.GetValue<string[]>("--audit-log") ?? [];
        var user = (parse.GetValue<string>("--user") ?? string.Empty).Trim();
        var against = parse.GetValue<string[]>("--against") ?? [];
        var format = parse.GetValue<string>("--format") ?? "yaml";
        var output = parse.GetValue<string?>("--output");
        if (user.Length == 0)
        {
            throw new GateUsageException("--user is empty", null, "e.g. --user system:serviceaccount:NS:NAME");
        }

        var scanner = new AuditLogScanner(new ProfileBuilder(user), user);
        await AuditLogReader.ReadAsync(context, scanner, logs, cancellationToken).ConfigureAwait(false);
        await ReportBadLinesAsync(scanner).ConfigureAwait(false);
        var profile = scanner.Builder.Build() ?? throw NoSuchUser(scanner, user, logs);
        var drift = against.Length == 0 ? null : await CompareAsync(profile, against, cancellationToken).ConfigureAwait(false);
        var text = format switch
        {
            "json" => PatternFileWriter.Json(profile, drift),
            "table" => ProfileTableRenderer.Render(profile, drift, output is null ? context.Console : null, context.PlainWidth),
            _ => PatternFileWriter.Yaml(profile, drift),
        };
        if (output is not null)
        {
            await WriteFileAsync(output, text, cancellationToken).ConfigureAwait(false);
        }
        else if (format != "table")
        {
            await context.Out.WriteAsync(text).ConfigureAwait(false);
            await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Pass;
    }

    /// <summary>Positions of the first bad lines as warnings; exit 2 when most lines are bad.</summary>
    private async Task ReportBadLinesAsync(AuditLogScanner scanner)
    {
        foreach (var bad in scanner.BadLines)
        {
            await context.Error.WriteLineAsync($"warning: {bad.Position.File}:{bad.Position.Line}: {bad.Problem}").ConfigureAwait(false);
        }

        if (scanner.BadLineCount > scanner.BadLines.Count)
        {
            await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"warning: {scanner.BadLineCount - scanner.BadLines.Count:N0} more lines are not audit events")).ConfigureAwait(false);
        }

        if (scanner.BadLineCount > 0 && scanner.BadLineCount * 2 >= scanner.Lines)
        {
            var first = scanner.BadLines[0];
            throw new GateUsageException(
                string.Create(CultureInfo.InvariantCulture, $"{scanner.BadLineCount:N0} of {scanner.Lines:N0} lines are not audit.k8s.io/v1 events: {first.Problem}"),
                first.Position,
                "pass the files of the API server's log backend (--audit-log-path, --audit-log-format=json), one event per line");
        }
    }

    private static GateUsageException NoSuchUser(AuditLogScanner scanner, string user, IReadOnlyList<string> logs)
    {
        var read = string.Join(", ", logs.Take(3)) + (logs.Count > 3 ? $" and {logs.Count - 3} more" : string.Empty);
        var top = scanner.TopUsers(10);
        if (top.Count == 0)
        {
            return new GateUsageException($"{read} holds no audit events", null, "pass the files of the API server's log backend (--audit-log-path)");
        }

        var message = scanner.UserEvents > 0
            ? $"{user} made no resource requests in {read}"
            : $"no requests of {user} in {read}";
        return new GateUsageException(
            message,
            null,
            "users with the most requests: " + string.Join(", ", top.Select(u => string.Create(CultureInfo.InvariantCulture, $"{u.User} ({u.Requests:N0})"))));
    }

    /// <summary>The workload of <paramref name="paths"/> the profile is of: same name, else same service account, else the only one.</summary>
    private async Task<ProfileDrift> CompareAsync(LearnedProfile profile, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var input = await WorkloadInput.ReadAsync(context, paths, "pass the manifests of the profiled agent", cancellationToken).ConfigureAwait(false);
        var sa = profile.User.Split(':') is ["system", "serviceaccount", var ns, var name] ? (ns, name) : default;
        var workload = input.Workloads.FirstOrDefault(w => w.Name == profile.Name && (profile.Namespace is null || w.Namespace == profile.Namespace))
            ?? input.Workloads.FirstOrDefault(w => sa.name is not null && w.ServiceAccount == sa.name && w.Namespace == sa.ns)
            ?? (input.Workloads.Count == 1 ? input.Workloads[0] : null)
            ?? throw new GateUsageException(
                $"no workload named {profile.Name} or running as {profile.User} in {string.Join(", ", paths)}",
                null,
                "workloads found: " + string.Join(", ", input.Workloads.Select(w => $"{w.Kind} {w.Namespace}/{w.Name}")));
        return ProfileDrift.Compare(profile, workload.AccessPatterns, ReportFacts.SourceName(workload.PatternSource), $"{workload.Kind} {workload.Namespace}/{workload.Name}");
    }

    private async Task WriteFileAsync(string output, string text, CancellationToken cancellationToken)
    {
        try
        {
            await File.WriteAllTextAsync(context.ResolvePath(output), text, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GateUsageException($"cannot write {output}: {ex.Message}", SourcePosition.FileOnly(output), "check the --output path", ex);
        }
    }
}
