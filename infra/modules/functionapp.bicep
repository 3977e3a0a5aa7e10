// The Functions app (HTTP API, dispatcher, ONNX conversion, batch scoring) on Flex Consumption: .NET 10 isolated,
// scale to zero, no always-ready instances, so it costs nothing while idle. Every connection is identity-based:
// the host's storage (AzureWebJobsStorage__*), the app's storage (HydraStorage__*), Service Bus and App Insights all
// use the user-assigned identity; no key or connection secret is stored in the app settings.
param name string
param planName string
param location string
param tags object
param identityName string
param storageAccountName string
param deploymentContainerName string
param serviceBusNamespaceName string
param serviceBusQueueName string
param jobsTableName string
param applicationInsightsName string

@description('Most bytes a training job\'s dataset may hold; the trainer gets the same bound.')
@minValue(1)
param datasetMaxTotalBytes int = 2147483648

@description('Upper bound on Flex Consumption instances (cost ceiling); Flex accepts 40 to 1000.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        // Functions host storage, identity-based.
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        // The app's storage (blob, queue and table triggers and clients), identity-based.
        { name: 'HydraStorage__blobServiceUri', value: storage.properties.primaryEndpoints.blob }
        { name: 'HydraStorage__queueServiceUri', value: storage.properties.primaryEndpoints.queue }
        { name: 'HydraStorage__tableServiceUri', value: storage.properties.primaryEndpoints.table }
        { name: 'HydraStorage__credential', value: 'managedidentity' }
        { name: 'HydraStorage__clientId', value: identity.properties.clientId }
        // Service Bus, identity-based.
        { name: 'HydraServiceBus__fullyQualifiedNamespace', value: split(split(serviceBus.properties.serviceBusEndpoint, '/')[2], ':')[0] }
        { name: 'HydraServiceBus__credential', value: 'managedidentity' }
        { name: 'HydraServiceBus__clientId', value: identity.properties.clientId }
        // Pipeline options.
        { name: 'Hydra__Transport__Kind', value: 'ServiceBus' }
        { name: 'Hydra__Transport__QueueName', value: serviceBusQueueName }
        { name: 'Hydra__Jobs__TableName', value: jobsTableName }
        { name: 'Hydra__Scoring__MaxRequestBytes', value: '67108864' }
        { name: 'Hydra__Scoring__MaxBatchRows', value: '4096' }
        { name: 'Hydra__Scoring__CacheCapacity', value: '8' }
        { name: 'Hydra__Datasets__MaxTotalBytes', value: string(datasetMaxTotalBytes) }
        // DefaultAzureCredential in app code picks the user-assigned identity from this.
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        // Telemetry with Entra ID auth (the component has local auth off).
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'Authorization=AAD;ClientId=${identity.properties.clientId}' }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Publishing goes through Entra ID (azd, func, az); basic-auth publishing credentials stay off.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output id string = site.id
output name string = site.name
output defaultHostName string = site.properties.defaultHostName
