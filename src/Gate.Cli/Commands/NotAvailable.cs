using Gate.Core;

namespace Gate.Cli.Commands;

/// <summary>The handler of a command that is registered but not built yet: it says so and exits 2, never fakes output.</summary>
public static class NotAvailable
{
    public static Task<int> Fail(string command) =>
        throw new GateUsageException(
            $"'{command}' is not available yet in gate {typeof(NotAvailable).Assembly.GetName().Version?.ToString(3)}",
            position: null,
            hint: "see README.md, 'Status', for the commands this version implements");
}
