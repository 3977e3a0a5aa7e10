using System.CommandLine;
using System.Globalization;
using Hydra.Azure.Configuration;
using Hydra.Core.Jobs;
using Hydra.Training.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hydra.Cli.Commands;

/// <summary>
/// <c>hydra worker</c>: the trainer container's entry point, on the generic host like the Function App. Settings come
/// from the environment (the names in docs/configuration.md, e.g. HydraStorage, Hydra__Transport__Kind,
/// Hydra__Worker__IdleExitSeconds); options given here override them. They are bound and validated at start: a bad
/// setting ends the command with one line naming it and exit code 2.
/// </summary>
internal static class WorkerCommand
{
    private static readonly Option<string?> Storage = new("--storage")
    { Description = "Storage connection string (overrides HydraStorage; e.g. UseDevelopmentStorage=true)." };
    private static readonly Option<string?> Transport = new("--transport")
    { Description = "ServiceBus or StorageQueue (overrides Hydra__Transport__Kind)." };
    private static readonly Option<string?> Queue = new("--queue")
    { Description = "Trainer queue name (overrides Hydra__Transport__QueueName; default training-jobs)." };
    private static readonly Option<double?> IdleExit = new("--idle-exit")
    {
        Description = "Exit after this many seconds without a message; 0 = never (overrides "
            + "Hydra__Worker__IdleExitSeconds; default 60)."
    };
    private static readonly Option<int?> MaxUnits = new("--max-units")
    { Description = "Exit after this many units of work (overrides Hydra__Worker__MaxUnits)." };
    private static readonly Option<string?> Device = new("--device")
    { Description = "auto, cpu or cuda (overrides Hydra__Worker__Device; default auto)." };
    private static readonly Option<int?> Threads = new("--threads")
    { Description = "CPU threads for libtorch (overrides Hydra__Worker__Threads; 0: libtorch's default)." };
    private static readonly Option<string?> WorkerId = new("--worker-id")
    { Description = "Name shown on job progress and in logs (overrides Hydra__Worker__WorkerId; default: host-pid)." };

    public static Command Create()
    {
        var command = new Command("worker",
            "Consume training units (one ensemble member, or a job's distillation) from the trainer queue until "
                + "idle; the trainer container's entry point.");
        foreach (var option in new Option[] { Storage, Transport, Queue, IdleExit, MaxUnits, Device, Threads,
            WorkerId })
        {
            command.Options.Add(option);
        }

        command.SetAction(ExecuteAsync);
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddEnvironmentVariables().AddInMemoryCollection(Overrides(parse));
        builder.Logging.AddSimpleConsole(console =>
        {
            console.IncludeScopes = true;
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        }).SetMinimumLevel(LogLevel.Information)
            // A start failure is rethrown below as one line; the host's own report of it is a stack trace.
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None)
            .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Services.AddTrainerWorker(builder.Configuration);
        using var host = builder.Build();
        // Binds and validates the options: a bad setting ends here, and CliErrors prints the one line naming it.
        await host.StartAsync(cancellationToken);
        try
        {
            await host.Services.GetRequiredService<TrainingWorker>().RunAsync(cancellationToken);
            return 0;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            if (host.Services.GetService<ITrainerTransport>() is IAsyncDisposable transport)
            {
                await transport.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Options given on the command line, as configuration keys (":" is "__" in environment variables).
    /// </summary>
    private static Dictionary<string, string?> Overrides(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        void Set(string key, object? value)
        {
            if (value is not null)
            {
                overrides[key] = Convert.ToString(value, CultureInfo.InvariantCulture);
            }
        }

        var worker = TrainingWorkerOptions.SectionName;
        Set(HydraAzureClients.StorageConnection, parse.GetValue(Storage));
        Set("Hydra:Transport:Kind", parse.GetValue(Transport));
        Set("Hydra:Transport:QueueName", parse.GetValue(Queue));
        Set($"{worker}:{nameof(TrainingWorkerOptions.Device)}", parse.GetValue(Device));
        Set($"{worker}:{nameof(TrainingWorkerOptions.IdleExitSeconds)}", parse.GetValue(IdleExit));
        Set($"{worker}:{nameof(TrainingWorkerOptions.MaxUnits)}", parse.GetValue(MaxUnits));
        Set($"{worker}:{nameof(TrainingWorkerOptions.Threads)}", parse.GetValue(Threads));
        Set($"{worker}:{nameof(TrainingWorkerOptions.WorkerId)}", parse.GetValue(WorkerId));
        return overrides;
    }
}
