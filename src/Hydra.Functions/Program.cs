using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Hydra.Functions;
using Hydra.Functions.Telemetry;
using Hydra.Serving.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<JobContextMiddleware>();
builder.Services.AddHydraFunctions(builder.Configuration);

// OpenTelemetry (host.json: "telemetryMode": "OpenTelemetry"); exported to Application Insights when it is configured,
// authenticating with the app's managed identity when AZURE_CLIENT_ID names one.
// The scorer's meter (request, row and out-of-distribution counts, latency, epistemic uncertainty per model version)
// goes out with the rest.
var telemetry = builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults()
    .WithMetrics(metrics => metrics.AddMeter(ScoringTelemetry.MeterName));
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    var clientId = builder.Configuration["AZURE_CLIENT_ID"];
    telemetry.UseAzureMonitorExporter(options =>
    {
        if (!string.IsNullOrEmpty(clientId))
        {
            options.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }
    });
}

builder.Build().Run();
