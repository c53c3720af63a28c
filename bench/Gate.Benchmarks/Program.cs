using BenchmarkDotNet.Running;
using Gate.Benchmarks;

// BenchmarkDotNet: dotnet run -c Release --project bench/Gate.Benchmarks -- --filter '*'
// gate serve load: bash bench/serve-load.sh
// whole-process bounds of single inputs: bash bench/ingest.sh
// where one input's time and memory go, step by step (in-process): dotnet Gate.Benchmarks.dll phases FILE
if (args.Length > 0 && args[0] == "serve-load")
{
    return await ServeLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "phases")
{
    return Phases.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "make-inputs")
{
    return InputShapes.Write(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
