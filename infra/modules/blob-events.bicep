// Event Grid subscriptions that feed the Event Grid-sourced blob triggers, one per function, on the blob
// extension's webhook: https://{app}/runtime/webhooks/blobs?functionName=Host.Functions.{Function}&code={key}.
// Deployed after the function code, because Event Grid validates the webhook when the subscription is created and
// the blobs_extension system key exists only once the host has loaded the blob extension. main.bicep includes this
// module when subscribeBlobEvents is true; the azd postdeploy hook deploys it on its own.
param functionAppName string
param systemTopicName string

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

var subscriptions = [
  {
    name: 'convert-to-onnx'
    functionName: 'ConvertToOnnx'
    subjectBeginsWith: '/blobServices/default/containers/checkpoints/'
    subjectEndsWith: '/model.json'
  }
  {
    name: 'score-batch'
    functionName: 'ScoreBatch'
    subjectBeginsWith: '/blobServices/default/containers/scoring-input/'
    subjectEndsWith: ''
  }
]

resource blobSubscriptions 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = [
  for subscription in subscriptions: {
    parent: systemTopic
    name: subscription.name
    properties: {
      destination: {
        endpointType: 'WebHook'
        properties: {
          // The key is read at deployment time and sent to Event Grid, which stores the URL write-only.
          endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${subscription.functionName}&code=${listKeys('${functionApp.id}/host/default', '2024-04-01').systemKeys.blobs_extension}'
          maxEventsPerBatch: 1
          preferredBatchSizeInKilobytes: 64
        }
      }
      eventDeliverySchema: 'EventGridSchema'
      filter: {
        includedEventTypes: [
          'Microsoft.Storage.BlobCreated'
        ]
        subjectBeginsWith: subscription.subjectBeginsWith
        subjectEndsWith: subscription.subjectEndsWith
        isSubjectCaseSensitive: false
      }
      retryPolicy: {
        maxDeliveryAttempts: 30
        eventTimeToLiveInMinutes: 1440
      }
    }
  }
]
