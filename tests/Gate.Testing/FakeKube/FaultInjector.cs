namespace Gate.Testing.FakeKube;

/// <summary>What a fault does to a request.</summary>
public enum FaultKind
{
    /// <summary>429 Too Many Requests with a Retry-After header.</summary>
    TooManyRequests,

    /// <summary>409 Conflict (on writes).</summary>
    Conflict,

    /// <summary>500 Internal Server Error.</summary>
    ServerError,

    /// <summary>Hold the request until the client gives up, then 504.</summary>
    Timeout,

    /// <summary>A watch stream closed after its first event.</summary>
    DropWatch,

    /// <summary>422 whose message quotes the request's bearer token back (as admission webhooks and proxies can).</summary>
    EchoCredentials,

    /// <summary>The write is applied, then the answer never comes (held like <see cref="Timeout"/>): a connection lost after the commit.</summary>
    LostResponse,
}

/// <summary>A fault rule: requests matching <see cref="Match"/> get <see cref="Kind"/>, <see cref="Remaining"/> times.</summary>
public sealed class FaultRule
{
    public required FaultKind Kind { get; init; }

    public Func<ApiRequest, bool> Match { get; init; } = _ => true;

    /// <summary>How many more requests this rule hits.</summary>
    public int Remaining { get; set; } = 1;

    /// <summary>Retry-After seconds for 429.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>How long a <see cref="FaultKind.Timeout"/> or <see cref="FaultKind.LostResponse"/> holds the request (real time) unless the client gives up first; null: the server's <c>TimeoutHold</c>.</summary>
    public TimeSpan? HoldFor { get; init; }
}

/// <summary>
/// Decides which requests fail: explicit rules (first match wins, each used a bounded number of times) and an
/// optional seeded random rate of 429/409/500 for randomized runs.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock gate = new();
    private readonly List<FaultRule> rules = [];
    private Random? random;
    private double rate;
    private Func<ApiRequest, bool>? randomScope;

    /// <summary>Adds a rule.</summary>
    public void Add(FaultRule rule)
    {
        lock (gate)
        {
            rules.Add(rule);
        }
    }

    /// <summary>
    /// Fails each non-watch request with probability <paramref name="probability"/> (429, 409 on writes, 500), seeded;
    /// only requests matching <paramref name="scope"/> when given.
    /// </summary>
    public void Randomize(int seed, double probability, Func<ApiRequest, bool>? scope = null)
    {
        lock (gate)
        {
            random = new Random(seed);
            rate = probability;
            randomScope = scope;
        }
    }

    /// <summary>Stops every fault.</summary>
    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
            random = null;
        }
    }

    /// <summary>The fault for <paramref name="request"/>, if any.</summary>
    public FaultRule? Next(ApiRequest request)
    {
        lock (gate)
        {
            foreach (var rule in rules)
            {
                if (rule.Remaining > 0 && rule.Match(request))
                {
                    rule.Remaining--;
                    return rule;
                }
            }

            if (random is null || request.Verb == "watch" || (randomScope is not null && !randomScope(request)) || random.NextDouble() >= rate)
            {
                return null;
            }

            var write = request.Verb is "update" or "patch";
            var pick = random.Next(write ? 3 : 2);
            return new FaultRule
            {
                Kind = pick switch { 0 => FaultKind.TooManyRequests, 1 => FaultKind.ServerError, _ => FaultKind.Conflict },
                RetryAfterSeconds = 1,
            };
        }
    }
}
