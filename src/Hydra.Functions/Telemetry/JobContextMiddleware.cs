using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Hydra.Functions.Telemetry;

/// <summary>
/// Puts the job id and model id of each invocation on its span and in the logging scope of every line it writes.
/// </summary>
public sealed class JobContextMiddleware(ILogger<JobContextMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var tags = HydraTelemetry.TagsFor(context.BindingContext.BindingData);
        HydraTelemetry.Tag(Activity.Current, tags);
        using (logger.BeginScope(tags.ToDictionary(t => t.Key, t => (object?)t.Value)))
        {
            await next(context);
        }
    }
}
