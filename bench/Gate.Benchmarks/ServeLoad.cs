using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Gate.Benchmarks;

/// <summary>
/// Open-loop load driver for <c>gate serve</c>: starts a request every 1/rate seconds whatever the latency (so a
/// slow server cannot slow the load down), for a fixed duration, then prints p50/p99/max and the status counts.
/// Usage: <c>serve-load URL TOKEN_FILE [rate=200] [seconds=30]</c> (bench/serve-load.sh runs it).
/// </summary>
internal static class ServeLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            await Console.Error.WriteLineAsync("usage: serve-load URL TOKEN_FILE [rate] [seconds]");
            return 2;
        }

        var url = new Uri(args[0]);
        var token = (await File.ReadAllTextAsync(args[1])).Trim();
        var rate = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
        var seconds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 30;

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var total = rate * seconds;
        var latencies = new double[total];
        var statuses = new int[total];
        var tasks = new Task[total];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var index = i;
            tasks[i] = Task.Run(async () =>
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(url);
                    await response.Content.ReadAsByteArrayAsync();
                    statuses[index] = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    statuses[index] = -1;
                }
                catch (TaskCanceledException)
                {
                    statuses[index] = -2;
                }

                latencies[index] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            });
        }

        await Task.WhenAll(tasks);
        var achieved = total / clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        double Percentile(double p) => latencies[Math.Min(total - 1, (int)Math.Ceiling(p * total) - 1)];
        Console.WriteLine(FormattableString.Invariant(
            $"requests {total} at {rate}/s for {seconds}s (achieved {achieved:F0}/s): p50 {Percentile(0.50):F2} ms, p99 {Percentile(0.99):F2} ms, max {latencies[^1]:F2} ms"));
        Console.WriteLine("status " + string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
        var p99 = Percentile(0.99);
        Console.WriteLine(FormattableString.Invariant($"target p99 < 50 ms: {(p99 < 50 ? "met" : "NOT met")} (ratio {p99 / 50:F2})"));
        return statuses.All(s => s == 200) ? 0 : 1;
    }
}
