using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Core.Policies;

/// <summary>A rule's raw result before severity and suppressions: the message and the line that causes it.</summary>
public sealed record RuleHit(string Message, SourcePosition? Origin, AccessPattern? Pattern = null);
