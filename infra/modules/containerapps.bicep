// The trainer: a Container Apps environment (serverless Consumption profile, plus a serverless GPU profile unless
// CPU-only) and an event-driven Container Apps job. KEDA's azure-servicebus scaler watches the training-jobs queue
// with the user-assigned identity and starts an execution per waiting message; with no messages nothing runs and
// nothing is billed. Each execution runs `hydra worker`, which consumes messages until the queue has been idle
// Hydra__Worker__IdleExitSeconds, then exits 0.
param environmentName string
param jobName string
param location string
param tags object
param identityName string
param registryName string
param logAnalyticsName string
param applicationInsightsName string
param storageAccountName string
param serviceBusNamespaceName string
param serviceBusQueueName string
param jobsTableName string

@description('Where the trainer runs: a serverless T4 or A100 GPU, or CPU only (cheap trials).')
@allowed([
  'T4'
  'A100'
  'CPU'
])
param trainerCompute string = 'CPU'

@description('Trainer image; empty until the first image is pushed (a public sample image that exits at once stands in).')
param trainerImage string = ''

@description('Most executions running at once (each holds one GPU on a GPU profile).')
@minValue(1)
@maxValue(100)
param maxExecutions int = 2

@description('Longest a training execution may run, in seconds.')
param replicaTimeoutSeconds int = 21600

@description('Seconds the worker waits on an empty queue before it exits.')
param workerIdleExitSeconds int = 60

@description('Most bytes a training job\'s dataset may hold; the Functions app checks the same bound on submission.')
@minValue(1)
param datasetMaxTotalBytes int = 2147483648

@description('How often KEDA polls the queue, in seconds.')
param pollingIntervalSeconds int = 30

// Serverless GPU profiles and their replica sizes; the CPU profile is the environment's built-in Consumption profile.
var computeProfiles = {
  T4: {
    profileName: 'gpu-t4'
    profileType: 'Consumption-GPU-NC8as-T4'
    cpu: 8
    memory: '56Gi'
    device: 'cuda'
  }
  A100: {
    profileName: 'gpu-a100'
    profileType: 'Consumption-GPU-NC24-A100'
    cpu: 24
    memory: '220Gi'
    device: 'cuda'
  }
  CPU: {
    profileName: 'Consumption'
    profileType: 'Consumption'
    cpu: 4
    memory: '8Gi'
    device: 'cpu'
  }
}
var compute = computeProfiles[trainerCompute]
var consumptionProfile = {
  name: 'Consumption'
  workloadProfileType: 'Consumption'
}
var workloadProfiles = trainerCompute == 'CPU'
  ? [consumptionProfile]
  : [
      consumptionProfile
      {
        name: compute.profileName
        workloadProfileType: compute.profileType
      }
    ]
var placeholderImage = 'mcr.microsoft.com/k8se/quickstart-jobs:latest'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: registryName
}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    // Logs go through Azure Monitor diagnostic settings (below), so no workspace key is handed to the environment.
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    workloadProfiles: workloadProfiles
  }
}

resource environmentLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: environment
  properties: {
    workspaceId: logAnalytics.id
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

resource trainerJob 'Microsoft.App/jobs@2025-01-01' = {
  name: jobName
  location: location
  tags: union(tags, { 'azd-service-name': 'trainer' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: compute.profileName
    configuration: {
      triggerType: 'Event'
      replicaTimeout: replicaTimeoutSeconds
      // Service Bus redelivers a message whose execution died (max delivery count 5), so the job does not retry.
      replicaRetryLimit: 0
      registries: [
        {
          server: registry.properties.loginServer
          identity: identity.id
        }
      ]
      eventTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
        scale: {
          minExecutions: 0
          maxExecutions: maxExecutions
          pollingInterval: pollingIntervalSeconds
          rules: [
            {
              name: 'training-jobs-queue'
              type: 'azure-servicebus'
              metadata: {
                namespace: serviceBus.name
                queueName: serviceBusQueueName
                messageCount: '1'
              }
              // KEDA authenticates to Service Bus as the user-assigned identity: no connection string secret.
              identity: identity.id
            }
          ]
        }
      }
    }
    template: {
      containers: [
        {
          name: 'trainer'
          image: empty(trainerImage) ? placeholderImage : trainerImage
          resources: {
            cpu: compute.cpu
            memory: compute.memory
          }
          env: [
            { name: 'HydraStorage__blobServiceUri', value: storage.properties.primaryEndpoints.blob }
            { name: 'HydraStorage__queueServiceUri', value: storage.properties.primaryEndpoints.queue }
            { name: 'HydraStorage__tableServiceUri', value: storage.properties.primaryEndpoints.table }
            { name: 'HydraStorage__credential', value: 'managedidentity' }
            { name: 'HydraStorage__clientId', value: identity.properties.clientId }
            { name: 'HydraServiceBus__fullyQualifiedNamespace', value: split(split(serviceBus.properties.serviceBusEndpoint, '/')[2], ':')[0] }
            { name: 'HydraServiceBus__credential', value: 'managedidentity' }
            { name: 'HydraServiceBus__clientId', value: identity.properties.clientId }
            { name: 'Hydra__Transport__Kind', value: 'ServiceBus' }
            { name: 'Hydra__Transport__QueueName', value: serviceBusQueueName }
            { name: 'Hydra__Jobs__TableName', value: jobsTableName }
            { name: 'Hydra__Worker__Device', value: compute.device }
            { name: 'Hydra__Worker__IdleExitSeconds', value: string(workerIdleExitSeconds) }
            { name: 'Hydra__Datasets__MaxTotalBytes', value: string(datasetMaxTotalBytes) }
            { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
            { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsights.properties.ConnectionString }
            { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'Authorization=AAD;ClientId=${identity.properties.clientId}' }
          ]
        }
      ]
    }
  }
}

output environmentName string = environment.name
output jobName string = trainerJob.name
output torchDevice string = compute.device
