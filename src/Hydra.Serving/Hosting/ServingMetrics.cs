using Hydra.Serving.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Hydra.Serving.Hosting;

/// <summary>
/// Where <c>hydra serve</c> sends the scorer's OpenTelemetry metrics (<see cref="ScoringTelemetry.MeterName"/>):
/// "Hydra:Serve:Metrics" (<c>--metrics</c>) is <c>none</c> (the default, unless OTEL_EXPORTER_OTLP_ENDPOINT is set,
/// which means <c>otlp</c>), <c>console</c> or <c>otlp</c> (the endpoint and protocol from the standard
/// OTEL_EXPORTER_OTLP_* variables). <c>GET /api/models/{name}/stats</c> answers either way.
/// </summary>
public static class ServingMetrics
{
    public const string SettingKey = ServeOptions.SectionName + ":Metrics";

    private static readonly string[] Choices = ["none", "console", "otlp"];

    /// <exception cref="OptionsValidationException">The setting names no exporter.</exception>
    public static WebApplicationBuilder AddServingMetrics(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var exporter = Choose(builder.Configuration[SettingKey], builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (exporter == "none")
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(ScoringTelemetry.MeterName);
            if (exporter == "console")
            {
                metrics.AddConsoleExporter();
            }
            else
            {
                metrics.AddOtlpExporter();
            }
        });
        return builder;
    }

    /// <summary>The exporter a setting (and the OTLP endpoint variable) asks for.</summary>
    /// <exception cref="OptionsValidationException">The setting names no exporter.</exception>
    public static string Choose(string? setting, string? otlpEndpoint)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return string.IsNullOrWhiteSpace(otlpEndpoint) ? "none" : "otlp";
        }

        var value = setting.Trim().ToLowerInvariant();
        return Choices.Contains(value) ? value : throw new OptionsValidationException(ServeOptions.SectionName,
            typeof(ServeOptions), [$"{SettingKey} (env Hydra__Serve__Metrics, hydra serve --metrics) is '{setting}', "
                + $"but must be one of {string.Join(", ", Choices)}."]);
    }
}
