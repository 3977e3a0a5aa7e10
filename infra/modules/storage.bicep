// The one storage account of the pipeline: blob containers, queues and the job table from the settings contract,
// plus the container the Flex Consumption app deploys its package from. Shared keys are off: every client
// (Functions host, app code, trainer, Event Grid system topic) authenticates with Entra ID.
param name string
param location string
param tags object

@description('Blob containers of the pipeline (settings contract) and the Flex Consumption deployment container.')
param containers array = [
  'datasets'
  'teachers'
  'jobs'
  'checkpoints'
  'models'
  'reports'
  'scoring-input'
  'scoring-output'
  'deployment-package'
]

@description('Storage queues: the HTTP-to-dispatcher queue and the local twin of the Service Bus queue, with their poison queues.')
param queues array = [
  'training-requests'
  'training-requests-poison'
  'training-jobs'
  'training-jobs-poison'
]

param jobsTableName string = 'hydrajobs'

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [
  for container in containers: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource storageQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for queue in queues: {
    parent: queueService
    name: queue
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource jobsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = {
  parent: tableService
  name: jobsTableName
}

output id string = account.id
output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output deploymentContainerName string = 'deployment-package'
output jobsTableName string = jobsTable.name
