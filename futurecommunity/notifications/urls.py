from django.urls import path

from futurecommunity.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("todos/", views.todo_list, name="todo-list"),
    path("<int:pk>/read/", views.message_read, name="message-read"),
    path("read-all/", views.message_read_all, name="message-read-all"),
]
