using BenchmarkDotNet.Running;
using Gate.Benchmarks;

// BenchmarkDotNet: dotnet run -c Release --project bench/Gate.Benchmarks -- --filter '*'
// gate serve load: bash bench/serve-load.sh
// whole-process ingestion of a large input: bash bench/ingest.sh
if (args.Length > 0 && args[0] == "serve-load")
{
    return await ServeLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "make-large-input")
{
    return LargeInput.Write(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
