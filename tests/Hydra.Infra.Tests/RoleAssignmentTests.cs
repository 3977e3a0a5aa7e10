using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hydra.Infra.Tests;

public sealed partial class RoleAssignmentTests
{
    private const string IdentityResource = "resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', "
        + "parameters('identityName'))";

    // Built-in role definition ids (Azure RBAC built-in roles) and the resource type each is scoped to.
    private static readonly (string Role, string ScopeType)[] Expected =
    [
        ("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts"),       // Storage Blob Data Owner
        // Storage Queue Data Contributor
        ("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts"),
        // Storage Table Data Contributor
        ("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts"),
        // Azure Service Bus Data Owner (queue only)
        ("090c5cfd-751d-490a-894a-3ce6f1109419", "Microsoft.ServiceBus/namespaces/queues"),
        ("7f951dda-4ed3-4680-a7ca-43fe172d538d", "Microsoft.ContainerRegistry/registries"),  // AcrPull
        // Monitoring Metrics Publisher
        ("3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components"),
    ];

    private static IReadOnlyList<(JsonElement Assignment, TemplateScope Scope)> AllAssignments =>
        CompiledTemplate.Root.SelfAndDescendants
            .SelectMany(s => s.ResourcesOfType("Microsoft.Authorization/roleAssignments").Select(a => (a, s)))
            .ToList();

    [Fact]
    public void RoleAssignments_Everywhere_AreExactlyTheLeastPrivilegeSet()
    {
        var actual = AllAssignments
            .Select(a => (RoleGuid(a.Assignment), ScopeType(a.Assignment)))
            .OrderBy(x => x.Item1, StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(Expected.OrderBy(x => x.Role, StringComparer.Ordinal).ToArray(), actual);
    }

    [Fact]
    public void RoleAssignments_Principal_IsTheUserAssignedIdentityAsServicePrincipal()
    {
        foreach (var (assignment, scope) in AllAssignments)
        {
            var properties = assignment.GetProperty("properties");
            Assert.Equal($"[reference({IdentityResource}, '2023-01-31').principalId]",
                properties.GetProperty("principalId").GetString());
            Assert.Equal("ServicePrincipal", properties.GetProperty("principalType").GetString());
            // The identity the module looks up is the one the identity module created.
            Assert.Equal(
                CompiledTemplate.Root.Module("identity").Resolve("[parameters('name')]"),
                scope.Resolve("[parameters('identityName')]"));
        }
    }

    [Fact]
    public void RoleAssignments_Name_IsDeterministicPerScopeIdentityAndRole()
    {
        foreach (var (assignment, _) in AllAssignments)
        {
            var name = assignment.GetProperty("name").GetString()!;
            Assert.StartsWith("[guid(", name, StringComparison.Ordinal);
            Assert.Contains(IdentityResource, name, StringComparison.Ordinal);
            Assert.Contains($"'{RoleGuid(assignment)}'", name, StringComparison.Ordinal);
        }
    }

    private static string RoleGuid(JsonElement assignment)
    {
        var id = assignment.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!;
        var match = RoleDefinitionPattern().Match(id);
        Assert.True(match.Success, $"roleDefinitionId is not a built-in role reference: {id}");
        return match.Groups[1].Value;
    }

    private static string ScopeType(JsonElement assignment)
    {
        var scope = assignment.GetProperty("scope").GetString()!;
        var match = ScopePattern().Match(scope);
        Assert.True(match.Success, $"Role assignment scope is not a resource of this deployment: {scope}");
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"^\[subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions', '([0-9a-f-]{36})'\)\]$")]
    private static partial Regex RoleDefinitionPattern();

    [GeneratedRegex(@"^\[resourceId\('([^']+)',")]
    private static partial Regex ScopePattern();
}
