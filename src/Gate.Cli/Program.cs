using Gate.Cli;

return await GateApp.RunAsync(args, CliContext.ForProcess()).ConfigureAwait(false);
