// HydraFunctions on Azure: one resource group with the Functions app (Flex Consumption), storage, Service Bus,
// Event Grid, the GPU/CPU trainer (Container Apps job), the registry, monitoring and one user-assigned identity.
// Deployed by `azd up` (azure.yaml) or `az deployment sub create --location <region> --template-file
// infra/main.bicep --parameters infra/main.bicepparam`. Outputs carry names and endpoints only, never keys.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Environment name (azd: AZURE_ENV_NAME); names the resource group and seeds resource names.')
param environmentName string

@minLength(1)
@description('Region for every resource; it must offer Flex Consumption and, for T4/A100, Container Apps serverless GPUs.')
param location string

@description('Where the trainer runs: a serverless T4 or A100 GPU, or CPU only (cheap trials).')
@allowed([
  'T4'
  'A100'
  'CPU'
])
param trainerCompute string = 'CPU'

@description('Trainer image (azd sets SERVICE_TRAINER_IMAGE_NAME after the first deploy); empty = placeholder.')
param trainerImage string = ''

@description('Most trainer executions at once.')
@minValue(1)
@maxValue(100)
param trainerMaxExecutions int = 2

@description('Create the Event Grid subscriptions of the blob triggers; only once the function code is deployed.')
param subscribeBlobEvents bool = false

@description('Most bytes a training job\'s dataset in datasets/{name}/ may hold (the app checks on submission, the trainer before and while it downloads).')
@minValue(1)
param datasetMaxTotalBytes int = 2147483648

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'hydra-functions'
}
var trainingQueueName = 'training-jobs'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: 'id-hydra-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  scope: resourceGroup
  params: {
    name: 'sb-${resourceToken}'
    location: location
    tags: tags
    queueName: trainingQueueName
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  scope: resourceGroup
  params: {
    name: 'cr${resourceToken}'
    location: location
    tags: tags
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  scope: resourceGroup
  params: {
    identityName: identity.outputs.name
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    serviceBusQueueName: serviceBus.outputs.queueName
    registryName: registry.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: resourceGroup
  dependsOn: [
    roles
  ]
  params: {
    name: 'func-${resourceToken}'
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityName: identity.outputs.name
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    serviceBusNamespaceName: serviceBus.outputs.name
    serviceBusQueueName: serviceBus.outputs.queueName
    jobsTableName: storage.outputs.jobsTableName
    datasetMaxTotalBytes: datasetMaxTotalBytes
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module trainer 'modules/containerapps.bicep' = {
  name: 'trainer'
  scope: resourceGroup
  dependsOn: [
    roles
  ]
  params: {
    environmentName: 'cae-${resourceToken}'
    jobName: 'caj-trainer-${resourceToken}'
    location: location
    tags: tags
    identityName: identity.outputs.name
    registryName: registry.outputs.name
    logAnalyticsName: monitoring.outputs.logAnalyticsName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    serviceBusQueueName: serviceBus.outputs.queueName
    jobsTableName: storage.outputs.jobsTableName
    trainerCompute: trainerCompute
    trainerImage: trainerImage
    maxExecutions: trainerMaxExecutions
    datasetMaxTotalBytes: datasetMaxTotalBytes
  }
}

module eventGrid 'modules/eventgrid.bicep' = {
  name: 'eventgrid'
  scope: resourceGroup
  params: {
    name: 'evgt-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
  }
}

module blobEvents 'modules/blob-events.bicep' = if (subscribeBlobEvents) {
  name: 'blob-events'
  scope: resourceGroup
  params: {
    functionAppName: functionApp.outputs.name
    systemTopicName: eventGrid.outputs.name
  }
}

// azd stores these in the environment (.azure/<env>/.env); the postdeploy hook and the README commands read them.
output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_CLIENT_ID string = identity.outputs.clientId
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = trainer.outputs.environmentName
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'
output TRAINER_JOB_NAME string = trainer.outputs.jobName
output HYDRA_TORCH_DEVICE string = trainer.outputs.torchDevice
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output SERVICE_BUS_QUEUE_NAME string = serviceBus.outputs.queueName
output EVENT_GRID_SYSTEM_TOPIC_NAME string = eventGrid.outputs.name
