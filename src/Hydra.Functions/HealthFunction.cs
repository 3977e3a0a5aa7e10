using Hydra.Serving.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Hydra.Functions;

/// <summary>GET /api/health: anonymous liveness for load balancers and smoke tests.</summary>
public static class HealthFunction
{
    [Function("Health")]
    public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get",
        Route = "health")] HttpRequest request) =>
        new JsonResponse(StatusCodes.Status200OK, new { status = "healthy" });
}
