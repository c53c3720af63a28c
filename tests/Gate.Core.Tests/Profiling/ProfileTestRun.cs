using System.Text;
using Gate.Core.Profiling;

namespace Gate.Core.Tests.Profiling;

/// <summary>Scans audit logs given as text (one string per API server) the way the CLI feeds files.</summary>
internal static class ProfileTestRun
{
    public static AuditLogScanner Scan(string user, IReadOnlyList<string> logs, int chunk = 4096)
    {
        var scanner = new AuditLogScanner(new ProfileBuilder(user), user);
        for (var i = 0; i < logs.Count; i++)
        {
            scanner.BeginSource($"apiserver-{i}.log");
            var bytes = Encoding.UTF8.GetBytes(logs[i]);
            for (var at = 0; at < bytes.Length; at += chunk)
            {
                scanner.Feed(bytes.AsSpan(at, Math.Min(chunk, bytes.Length - at)));
            }

            scanner.EndSource();
        }

        return scanner;
    }

    public static LearnedProfile Learn(string user, IReadOnlyList<string> logs, int chunk = 4096) =>
        Scan(user, logs, chunk).Builder.Build() ?? throw new InvalidOperationException("no events of " + user);
}
