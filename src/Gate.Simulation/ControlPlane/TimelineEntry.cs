namespace Gate.Simulation.ControlPlane;

/// <summary>A notable moment of a run: what happened, when (simulated seconds), in one sentence.</summary>
public sealed record TimelineEntry(double Seconds, string Kind, string Message);
