global using System.Collections.Immutable;
global using Gate.Analyzers.Kubernetes;
global using Microsoft.CodeAnalysis;
global using Microsoft.CodeAnalysis.Diagnostics;
