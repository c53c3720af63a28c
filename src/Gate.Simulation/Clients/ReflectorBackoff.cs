namespace Gate.Simulation.Clients;

/// <summary>
/// client-go's reflector backoff between failed LIST/WATCH attempts: 800 ms doubling to 30 s, jitter 1.0 (the delay is
/// 1–2 × the step), reset after 2 minutes without trouble.
/// </summary>
internal static class ReflectorBackoff
{
    public const double Initial = 0.8;
    public const double Max = 30;
    public const double Reset = 120;

    /// <summary>The delay before the next attempt at <paramref name="now"/>; advances the client's backoff state.</summary>
    public static double Next(ref double step, ref double lastAt, double now, Random random)
    {
        if (now - lastAt > Reset)
        {
            step = Initial;
        }

        lastAt = now;
        var delay = step * (1 + random.NextDouble());
        step = Math.Min(step * 2, Max);
        return delay;
    }
}
