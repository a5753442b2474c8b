"""Every page of the web app."""

from django.urls import path

from coffeechat.web.views import auth, people

urlpatterns = [
    path("", people.home, name="home"),
    path("login", auth.login_with_token, name="login"),
    path("logout", auth.logout_view, name="logout"),
    path("people/", people.people_list, name="people"),
    path("people/<int:pk>/", people.person_detail, name="person"),
]
