using System.CommandLine;
using System.Globalization;
using Hydra.Azure.Configuration;
using Hydra.Azure.Jobs;
using Hydra.Azure.Storage;
using Hydra.Azure.Transport;
using Hydra.Training.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Hydra.Cli.Commands;

/// <summary>
/// <c>hydra worker</c>: the trainer container's entry point. Settings come from the environment (the names in the
/// README's configuration table, e.g. HydraStorage, Hydra__Transport__Kind); options given here override them.
/// </summary>
internal static class WorkerCommand
{
    private static readonly Option<string?> Storage = new("--storage") { Description = "Storage connection string (overrides HydraStorage; e.g. UseDevelopmentStorage=true)." };
    private static readonly Option<string?> Transport = new("--transport") { Description = "ServiceBus or StorageQueue (overrides Hydra__Transport__Kind)." };
    private static readonly Option<string?> Queue = new("--queue") { Description = "Trainer queue name (overrides Hydra__Transport__QueueName; default training-jobs)." };
    private static readonly Option<double?> IdleExit = new("--idle-exit") { Description = "Exit after this many seconds without a message; 0 = never (overrides Hydra__Worker__IdleExitSeconds; default 60)." };
    private static readonly Option<int?> MaxUnits = new("--max-units") { Description = "Exit after this many units of work." };
    private static readonly Option<string?> Device = new("--device") { Description = "auto, cpu or cuda (overrides Hydra__Worker__Device; default auto)." };
    private static readonly Option<int> Threads = new("--threads") { Description = "CPU threads for libtorch (0: libtorch's default).", DefaultValueFactory = _ => 0 };
    private static readonly Option<string?> WorkerId = new("--worker-id") { Description = "Name shown on job progress and in logs (default: host-pid)." };

    public static Command Create()
    {
        var command = new Command("worker", "Consume training units (one ensemble member, or a job's distillation) from the trainer queue until idle; the trainer container's entry point.");
        foreach (var option in new Option[] { Storage, Transport, Queue, IdleExit, MaxUnits, Device, Threads, WorkerId })
        {
            command.Options.Add(option);
        }

        command.SetAction(ExecuteAsync);
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var configuration = Configuration(parse);
        using var loggers = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(console =>
            {
                console.IncludeScopes = true;
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            })
            .SetMinimumLevel(LogLevel.Information));
        var clients = new HydraAzureClients(configuration);
        var transport = TrainerTransportFactory.Create(configuration, clients, loggers);
        try
        {
            var store = new BlobArtifactStore(clients.CreateBlobServiceClient());
            var jobs = new TableJobStore(clients.CreateTableServiceClient(), TableJobStoreOptions.FromConfiguration(configuration));
            var device = configuration["Hydra:Worker:Device"] ?? "auto";
            var threads = parse.GetValue(Threads);
            var options = new TrainingWorkerOptions
            {
                IdleExit = TimeSpan.FromSeconds(double.Parse(configuration["Hydra:Worker:IdleExitSeconds"] ?? "60", CultureInfo.InvariantCulture)),
                MaxUnits = parse.GetValue(MaxUnits),
                ProgressInterval = TimeSpan.FromSeconds(double.Parse(configuration["Hydra:Worker:ProgressSeconds"] ?? "5", CultureInfo.InvariantCulture)),
                WorkerId = parse.GetValue(WorkerId) ?? new TrainingWorkerOptions().WorkerId,
            };
            var worker = new TrainingWorker(transport, jobs, store,
                spec => Training.Planning.JobPlanner.Plan(spec, device, threads), options,
                loggers.CreateLogger<TrainingWorker>());
            await worker.RunAsync(cancellationToken);
            return 0;
        }
        finally
        {
            if (transport is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    /// <summary>Environment variables (with "__" as the section separator), overridden by the options given.</summary>
    private static IConfiguration Configuration(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        void Set(string key, string? value)
        {
            if (value is not null)
            {
                overrides[key] = value;
            }
        }

        Set(HydraAzureClients.StorageConnection, parse.GetValue(Storage));
        Set("Hydra:Transport:Kind", parse.GetValue(Transport));
        Set("Hydra:Transport:QueueName", parse.GetValue(Queue));
        Set("Hydra:Worker:Device", parse.GetValue(Device));
        Set("Hydra:Worker:IdleExitSeconds", parse.GetValue(IdleExit)?.ToString(CultureInfo.InvariantCulture));
        return new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
    }
}
