using Gate.Simulation.ControlPlane;

namespace Gate.Simulation.Clients;

/// <summary>
/// The same periodic LIST or GET in many agent pods (one per member), simulated as one object. Each member ticks on
/// its own phase (from its own start), skips a tick while its last request is still out and retries a 429 after
/// Retry-After up to <see cref="PeriodicPoller.MaxRetries"/> times, as a <see cref="PeriodicPoller"/> would; the members'
/// ticks share one timer queue. A period of 0 sends one request at start.
/// </summary>
public sealed class PollerCohort
{
    private readonly ControlPlaneModel controlPlane;
    private readonly InformerCohort.MemberRequest request;
    private readonly double period;
    private readonly ClientStats stats;
    private readonly bool[] running;
    private readonly bool[] inFlight;
    private readonly int[] epoch;
    private readonly MemberTimers ticks;

    public PollerCohort(ControlPlaneModel controlPlane, InformerCohort.MemberRequest request, double period, ClientStats stats, int capacity)
    {
        this.controlPlane = controlPlane ?? throw new ArgumentNullException(nameof(controlPlane));
        this.request = request ?? throw new ArgumentNullException(nameof(request));
        ArgumentOutOfRangeException.ThrowIfNegative(period);
        this.period = period;
        this.stats = stats ?? throw new ArgumentNullException(nameof(stats));
        running = new bool[capacity];
        inFlight = new bool[capacity];
        epoch = new int[capacity];
        ticks = new MemberTimers(controlPlane.Simulator, capacity, Tick);
    }

    /// <summary>Members running now.</summary>
    public int Running { get; private set; }

    /// <summary>Starts <paramref name="member"/>: its first request at <paramref name="firstAt"/>.</summary>
    public void Start(int member, double firstAt)
    {
        Stop(member);
        running[member] = true;
        inFlight[member] = false;
        Running++;
        ticks.Schedule(member, firstAt);
    }

    /// <summary>Stops <paramref name="member"/> (its pod was deleted); an answer still out is ignored.</summary>
    public void Stop(int member)
    {
        if (!running[member])
        {
            return;
        }

        ticks.Cancel(member);
        running[member] = false;
        epoch[member]++;
        Running--;
    }

    private void Tick(int member)
    {
        if (!inFlight[member])
        {
            inFlight[member] = true;
            Send(member, epoch[member], 0, controlPlane.Simulator.Now);
        }

        if (period > 0)
        {
            ticks.Schedule(member, controlPlane.Simulator.Now + period);
        }
    }

    private void Send(int member, int life, int attempt, double firstSent) =>
        controlPlane.Submit(request(member, (sent, outcome) =>
        {
            if (epoch[member] != life)
            {
                return;
            }

            stats.Record(outcome, controlPlane.Simulator.Now - firstSent);
            if (outcome == RequestOutcome.TooManyRequests && attempt < PeriodicPoller.MaxRetries)
            {
                controlPlane.Simulator.After(Math.Max(1, sent.RetryAfterSeconds), () =>
                {
                    if (epoch[member] == life)
                    {
                        Send(member, life, attempt + 1, firstSent);
                    }
                });
                return;
            }

            inFlight[member] = false;
        }));
}
