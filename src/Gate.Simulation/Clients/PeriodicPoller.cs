using Gate.Simulation.ControlPlane;
using Gate.Simulation.Engine;

namespace Gate.Simulation.Clients;

/// <summary>
/// A client that sends one request every period: a ticker that skips a tick while its last request is still out
/// (agents), or an open-loop load generator that never waits (the calibration testbed's load tool). A 429 with
/// Retry-After is retried up to <see cref="MaxRetries"/> times like client-go's REST client.
/// </summary>
public sealed class PeriodicPoller
{
    /// <summary>client-go's <c>maxRetries</c> for 429/5xx with Retry-After.</summary>
    public const int MaxRetries = 10;

    private readonly ControlPlaneModel controlPlane;
    private readonly SimRequest.Factory factory;
    private readonly double period;
    private readonly bool openLoop;
    private readonly bool retry;
    private readonly ClientStats stats;
    private ScheduledEvent? next;
    private bool inFlight;
    private bool stopped;
    private bool ticking = true;

    public PeriodicPoller(ControlPlaneModel controlPlane, SimRequest.Factory factory, double period, ClientStats stats, bool openLoop = false, bool retry = true)
    {
        this.controlPlane = controlPlane ?? throw new ArgumentNullException(nameof(controlPlane));
        this.factory = factory ?? throw new ArgumentNullException(nameof(factory));
        this.period = period;
        this.stats = stats ?? throw new ArgumentNullException(nameof(stats));
        this.openLoop = openLoop;
        this.retry = retry;
    }

    /// <summary>Starts ticking: the first request at <paramref name="firstAt"/>.</summary>
    public void Start(double firstAt) => next = controlPlane.Simulator.At(firstAt, Tick);

    /// <summary>Stops (the pod was deleted); a request still out is ignored when it returns, unless <paramref name="keepInFlight"/>.</summary>
    public void Stop(bool keepInFlight = false)
    {
        next?.Cancel();
        if (keepInFlight)
        {
            next = null;
            ticking = false;
            return;
        }

        stopped = true;
    }

    private void Tick()
    {
        if (stopped || !ticking)
        {
            return;
        }

        if (openLoop || !inFlight)
        {
            inFlight = true;
            Send(0, controlPlane.Simulator.Now);
        }

        if (period > 0)
        {
            next = controlPlane.Simulator.After(period, Tick);
        }
    }

    private void Send(int attempt, double firstSent)
    {
        var request = factory((r, outcome) => OnDone(r, outcome, attempt, firstSent));
        controlPlane.Submit(request);
    }

    private void OnDone(SimRequest request, RequestOutcome outcome, int attempt, double firstSent)
    {
        if (stopped)
        {
            return;
        }

        stats.Record(outcome, controlPlane.Simulator.Now - firstSent);
        if (outcome == RequestOutcome.TooManyRequests && retry && attempt < MaxRetries)
        {
            controlPlane.Simulator.After(Math.Max(1, request.RetryAfterSeconds), () =>
            {
                if (!stopped)
                {
                    Send(attempt + 1, firstSent);
                }
            });
            return;
        }

        inFlight = false;
    }
}
