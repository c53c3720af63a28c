namespace Gate.Core.Manifests;

/// <summary>A container volume mount.</summary>
public sealed record VolumeMountView(string Name, string MountPath, string? SubPath, SourcePosition Position);
